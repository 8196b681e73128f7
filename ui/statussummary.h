// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QLabel;
class QStatusBar;

namespace NetCore {
class SessionEngine;
struct Session;
} // namespace NetCore

namespace Gui {

/**
 * The status bar's standing figures over the whole session: servers running, open
 * connections, replies per second, the slowest fleet's p99 and the errors so far;
 * before them, in red, the first fleet whose replies mostly went wrong.
 */
class StatusSummary : public QObject
{
    Q_OBJECT

public:
    /** Adds its labels to `bar`, which owns them. */
    explicit StatusSummary(QStatusBar *bar);

    void update(const NetCore::Session &session, const NetCore::SessionEngine &engine);

private:
    QLabel *m_servers = nullptr;
    QLabel *m_connections = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_p99 = nullptr;
    QLabel *m_errors = nullptr;
    QLabel *m_warning = nullptr; // the first fleet whose replies mostly went wrong, and why
};

} // namespace Gui
