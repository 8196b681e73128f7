// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/** What the headless commands return. */
enum ExitCode : int {
    ExitSuccess = 0,
    ExitCheckFailed = 1,   // a scenario check failed
    ExitBadInput = 2,      // bad flags or a bad file
    ExitRuntimeFailure = 3 // could not bind, connect or write
};
