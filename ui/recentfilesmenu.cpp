// SPDX-License-Identifier: GPL-3.0-or-later
#include "recentfilesmenu.h"

#include <QFileInfo>
#include <QSettings>

namespace Gui {

namespace {
constexpr int MaxRecentFiles = 8;
const QString SettingsKey = QStringLiteral("recentFiles");
} // namespace

RecentFilesMenu::RecentFilesMenu(const QString &title, QWidget *parent)
    : QMenu(title, parent)
{
    rebuild();
}

void RecentFilesMenu::remember(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(SettingsKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue(SettingsKey, recent);
    rebuild();
}

void RecentFilesMenu::rebuild()
{
    clear();
    const QStringList recent = QSettings().value(SettingsKey).toStringList();
    for (const QString &path : recent) {
        const QFileInfo info(path);
        addAction(info.fileName() + QStringLiteral("  (") + info.absolutePath() + QLatin1Char(')'), this,
                  [this, path] { Q_EMIT openRequested(path); });
    }
    setEnabled(!recent.isEmpty());
}

} // namespace Gui
