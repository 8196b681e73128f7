// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>

class QSocketNotifier;

/**
 * What the parent of `serve --agent` tells it on standard input, one JSON object per
 * line (a new behaviour, new faults: AgentServer's keys). The input closing means the
 * parent is done with this agent.
 */
class ServeAgentInput : public QObject
{
    Q_OBJECT

public:
    explicit ServeAgentInput(QObject *parent = nullptr);

Q_SIGNALS:
    void instruction(const QJsonObject &object);
    void closed();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_pending;
};
