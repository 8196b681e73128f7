// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace NetCore {

/**
 * Something that reads a descriptor itself when it becomes readable (or hung up, or
 * failed). An EpollEventDispatcher calls it straight from its wait loop, without a
 * QSocketNotifier, an event or a signal in between; see ReadWatch.
 */
class ReadableHandler
{
public:
    /** Called on the watching thread; may stop the watch or destroy the handler. */
    virtual void onReadable() = 0;

protected:
    ~ReadableHandler() = default;
};

} // namespace NetCore
