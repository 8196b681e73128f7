// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QTest>

// Tests that include this are built with WIREBENCH_EXECUTABLE (tests/CMakeLists.txt).

/** A `wirebench serve` process, started and waited for until it listens. */
class ServeProcess
{
public:
    explicit ServeProcess(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(WIREBENCH_EXECUTABLE), QStringList{QStringLiteral("serve")} + arguments);
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            m_process.waitForFinished(5000);
        }
    }

    /** The port from "listening on HOST:PORT", or 0. */
    quint16 waitForPort()
    {
        static const QRegularExpression listening(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)[ \\n]"));
        // A timeout shows as port 0, which the caller checks.
        [[maybe_unused]] const bool listened = QTest::qWaitFor(
            [&] {
                m_output += m_process.readAllStandardOutput();
                return listening.match(QString::fromUtf8(m_output)).hasMatch()
                    || m_process.state() == QProcess::NotRunning;
            },
            10000);
        return quint16(listening.match(QString::fromUtf8(m_output)).captured(1).toUInt());
    }

    QProcess &process() { return m_process; }
    QByteArray output()
    {
        m_output += m_process.readAllStandardOutput();
        return m_output;
    }

private:
    QProcess m_process;
    QByteArray m_output;
};
