// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

namespace Gui {

class FrameWorkbench;

/** The Wirebench window. Holds engine objects and draws what they publish; no sockets. */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    FrameWorkbench *frameWorkbench() const { return m_workbench; }

private:
    void createMenus();
    void showProtocol();
    void showAbout();

    FrameWorkbench *m_workbench = nullptr;
};

} // namespace Gui
