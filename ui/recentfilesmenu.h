// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMenu>

namespace Gui {

/**
 * File > Open recent: the last session files opened or saved, newest first, kept in
 * QSettings across runs. Choosing one asks for it through openRequested().
 */
class RecentFilesMenu : public QMenu
{
    Q_OBJECT

public:
    explicit RecentFilesMenu(const QString &title, QWidget *parent = nullptr);

    /** Puts `path` first (once). */
    void remember(const QString &path);

Q_SIGNALS:
    void openRequested(const QString &path);

private:
    void rebuild();
};

} // namespace Gui
