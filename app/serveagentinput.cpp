// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveagentinput.h"

#include <QJsonDocument>
#include <QSocketNotifier>

#include <unistd.h>

namespace {
constexpr qsizetype MaxLineBytes = 1 << 20; // a behaviour's text, a few faults: far less
}

ServeAgentInput::ServeAgentInput(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &ServeAgentInput::onReadable);
}

void ServeAgentInput::onReadable()
{
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        Q_EMIT closed();
        return;
    }
    m_pending.append(buffer, qsizetype(n));
    qsizetype end;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        const QJsonObject object = QJsonDocument::fromJson(m_pending.left(end)).object();
        m_pending.remove(0, end + 1);
        if (!object.isEmpty())
            Q_EMIT instruction(object);
    }
    if (m_pending.size() > MaxLineBytes)
        m_pending.clear(); // not a line of our parent's
}
