// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/proxyfaults.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;

namespace Gui {

/**
 * A proxy's faults, one per line: Toxiproxy's toxics
 * ("latency:latency=200,jitter=50,stream=downstream") and, with a framing, frame
 * faults ("drop:0.01", "delay:20:5,match=prefix:GET"); checked as typed with the
 * line and the reason shown under them.
 */
class ProxyFaultsEdit : public QWidget
{
    Q_OBJECT

public:
    explicit ProxyFaultsEdit(QWidget *parent = nullptr);

    void setFaults(const NetCore::ProxyFaults &faults);
    /** The faults written, or nullopt while a line is wrong (problem() says which). */
    std::optional<NetCore::ProxyFaults> faults() const;
    /** Whether frame faults are allowed (the proxy has a framing). */
    void setFramed(bool framed);
    QString problem() const;
    QPlainTextEdit *editor() const { return m_editor; }

Q_SIGNALS:
    void changed();

private:
    void validate();
    QStringList specs() const;

    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_problem = nullptr;
    bool m_framed = false;
};

} // namespace Gui
