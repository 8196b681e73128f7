// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/serverdefinition.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Gui {

class FramingEdit;
class TlsServerEdit;
class ReplyFramingEdit;

/**
 * Adds or edits a test server: every setting the engine offers, each checked as it
 * is typed with the reason shown beside it; OK only when all are valid. A server's
 * name is fixed once it exists (fleets and steps refer to it).
 */
class ServerDialog : public QDialog
{
    Q_OBJECT

public:
    /**
     * `takenNames`: names the new server may not have. A relative rules file is read
     * from `baseDirectory`, the session file's folder (empty: the working folder).
     */
    ServerDialog(const NetCore::ServerDefinition &server, bool isNew, const QStringList &takenNames,
                 QWidget *parent = nullptr, const QString &baseDirectory = {});

    NetCore::ServerDefinition definition() const;
    /** Why the form cannot be accepted, or empty. */
    QString problem() const;

    QLineEdit *behaviourEdit() const { return m_behaviour; }
    QLineEdit *faultsEdit() const { return m_faults; }
    TlsServerEdit *tlsEdit() const { return m_tls; }
    QSpinBox *processesEdit() const { return m_processes; }

private:
    void validate();

    NetCore::ServerDefinition m_original;
    QStringList m_taken;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    FramingEdit *m_framing = nullptr;
    ReplyFramingEdit *m_replyFraming = nullptr;
    QLineEdit *m_behaviour = nullptr;
    QLabel *m_behaviourProblem = nullptr;
    QLineEdit *m_faults = nullptr;
    QLabel *m_faultsProblem = nullptr;
    QSpinBox *m_maxPayload = nullptr;
    QSpinBox *m_maxConnections = nullptr;
    QSpinBox *m_idleTimeout = nullptr;
    QSpinBox *m_frameDeadline = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_processes = nullptr;
    QLabel *m_processesProblem = nullptr;
    QSpinBox *m_seed = nullptr;
    QLabel *m_nameProblem = nullptr;
    QLabel *m_hostProblem = nullptr;
    QLabel *m_payloadProblem = nullptr;
    TlsServerEdit *m_tls = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_baseDirectory;
};

} // namespace Gui
