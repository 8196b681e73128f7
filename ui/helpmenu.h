// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMenu>

namespace Gui {

/** Help: the WB1 protocol page (built into the program) and About. */
class HelpMenu : public QMenu
{
    Q_OBJECT

public:
    explicit HelpMenu(QWidget *parent);

private:
    void showProtocol();
    void showAbout();
};

} // namespace Gui
