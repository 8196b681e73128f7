// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's menus and tool bar (the rest of the class is in mainwindow.cpp).
#include "mainwindow.h"

#include "helpmenu.h"
#include "recentfilesmenu.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QToolBar>

namespace Gui {

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New session"), QKeySequence::New, this, &MainWindow::newSession);
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openWithDialog);
    m_recentMenu = new RecentFilesMenu(tr("Open &recent"), this);
    connect(m_recentMenu, &RecentFilesMenu::openRequested, this, [this](const QString &path) {
        if (maybeSave())
            openSession(path);
    });
    file->addMenu(m_recentMenu);
    file->addAction(tr("Open the &demo session"), this, [this] {
        if (maybeSave())
            openDemo();
    });
    file->addAction(tr("Open &results…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::openResultsWithDialog);
    file->addAction(tr("Open &capture…"), this, &MainWindow::openCaptureWithDialog);
    file->addSeparator();
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addAction(tr("&Export report…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportWithDialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_runAction = run->addAction(tr("&Run scenario"), QKeySequence(Qt::Key_F5), this, &MainWindow::runScenario);
    run->addAction(tr("Run &with options…"), QKeySequence(Qt::CTRL | Qt::Key_F5), this, &MainWindow::runWithOptions);
    m_stopAction = run->addAction(tr("&Stop"), QKeySequence(Qt::SHIFT | Qt::Key_F5), this, &MainWindow::stopScenario);
    m_replayCaptureAction = run->addAction(tr("Re&play capture…"), this, [this] { replayCapture(); });
    m_replayCaptureAction->setEnabled(false);
    m_replayCaptureAction->setToolTip(tr("Play the opened capture's clients from many connections (File › Open capture)"));
    m_stopAction->setEnabled(false);
    run->addSeparator();
    run->addAction(tr("Start all &servers"), this, [this] {
        for (const auto &server : m_session.servers)
            m_engine.startServer(server.name);
    });
    run->addAction(tr("&Connect all fleets"), this, [this] {
        for (const auto &fleet : m_session.fleets) {
            if (const QString why = m_engine.startFleet(fleet.name); !why.isEmpty())
                showFailure(why);
        }
    });
    run->addAction(tr("&Disconnect all"), this, [this] { m_engine.stopAll(); });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());

    menuBar()->addMenu(new HelpMenu(this));

    QToolBar *tools = addToolBar(tr("Run"));
    tools->setObjectName(QStringLiteral("runToolbar"));
    tools->addAction(m_runAction);
    tools->addAction(m_stopAction);
}

} // namespace Gui
