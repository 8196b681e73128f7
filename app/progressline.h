// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>

#include <cstdio>

/**
 * Live progress on stderr: one line rewritten in place on a terminal, or a plain
 * line per second when stderr is piped (logs stay readable).
 */
class ProgressLine
{
public:
    explicit ProgressLine(std::FILE *stream = stderr);
    ~ProgressLine();

    /** Shows `text` if it is time to (always on a terminal, once a second otherwise). */
    void update(const QString &text);
    /** Ends the live line so that what follows starts on a clean line. */
    void finish();

private:
    std::FILE *m_stream;
    bool m_terminal;
    bool m_dirty = false;
    QElapsedTimer m_sinceLastLine;
};
