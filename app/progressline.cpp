// SPDX-License-Identifier: GPL-3.0-or-later
#include "progressline.h"

#include <unistd.h>

ProgressLine::ProgressLine(std::FILE *stream)
    : m_stream(stream)
    , m_terminal(isatty(fileno(stream)) == 1)
{
}

ProgressLine::~ProgressLine()
{
    finish();
}

void ProgressLine::update(const QString &text)
{
    if (m_terminal) {
        // \r and clear-to-end-of-line: the line shrinks as well as grows.
        std::fprintf(m_stream, "\r%s\033[K", qPrintable(text));
        std::fflush(m_stream);
        m_dirty = true;
        return;
    }
    if (m_sinceLastLine.isValid() && m_sinceLastLine.elapsed() < 1000)
        return;
    m_sinceLastLine.start();
    std::fprintf(m_stream, "%s\n", qPrintable(text));
    std::fflush(m_stream);
}

void ProgressLine::finish()
{
    if (m_dirty) {
        std::fputc('\n', m_stream);
        std::fflush(m_stream);
        m_dirty = false;
    }
}
