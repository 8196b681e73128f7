// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/proxydefinition.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Gui {

class FramingEdit;
class ProxyFaultsEdit;

/**
 * Adds or edits a proxy: where it listens, what it forwards to (a server of the
 * session or HOST:PORT), its limits and its faults, each checked as typed; OK only
 * when all are valid. A proxy's name is fixed once it exists.
 */
class ProxyDialog : public QDialog
{
    Q_OBJECT

public:
    /** `takenNames`: names the new proxy may not have (servers' and proxies'); `servers`: the session's servers. */
    ProxyDialog(const NetCore::ProxyDefinition &proxy, bool isNew, const QStringList &takenNames, const QStringList &servers,
                QWidget *parent = nullptr);

    NetCore::ProxyDefinition definition() const;
    /** Why the form cannot be accepted, or empty. */
    QString problem() const;

    QComboBox *upstreamEdit() const { return m_upstream; }
    ProxyFaultsEdit *faultsEdit() const { return m_faults; }
    QCheckBox *framedBox() const { return m_framed; }
    FramingEdit *framingEdit() const { return m_framing; }

private:
    void validate();

    NetCore::ProxyDefinition m_original;
    QStringList m_taken;
    QStringList m_servers;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameProblem = nullptr;
    QLineEdit *m_host = nullptr;
    QLabel *m_hostProblem = nullptr;
    QSpinBox *m_port = nullptr;
    QComboBox *m_upstream = nullptr;
    QLabel *m_upstreamProblem = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_maxBuffer = nullptr;
    QSpinBox *m_maxConnections = nullptr;
    QCheckBox *m_refuseWhenDown = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_seed = nullptr;
    QCheckBox *m_framed = nullptr;
    FramingEdit *m_framing = nullptr;
    ProxyFaultsEdit *m_faults = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Gui
