// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/toxic.h"

#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;

namespace Gui {

/**
 * A proxy's faults as Toxiproxy's toxics, one spec per line
 * ("latency:latency=200,jitter=50,stream=downstream"), checked as typed with the
 * reason shown under them.
 */
class ToxicsEdit : public QWidget
{
    Q_OBJECT

public:
    explicit ToxicsEdit(QWidget *parent = nullptr);

    void setToxics(const QList<NetCore::Toxic> &toxics);
    /** The faults written, or nullopt while a line is wrong (problem() says which). */
    std::optional<QList<NetCore::Toxic>> toxics() const;
    QString problem() const;
    QPlainTextEdit *editor() const { return m_editor; }

Q_SIGNALS:
    void changed();

private:
    void validate();

    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace Gui
