// SPDX-License-Identifier: GPL-3.0-or-later
#include "filepathedit.h"

#include "storage/relativepath.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace Gui {

FilePathEdit::FilePathEdit(const QString &what, const QString &filter, const QString &baseDirectory, QWidget *parent)
    : QWidget(parent)
    , m_what(what)
    , m_filter(filter)
    , m_baseDirectory(baseDirectory)
    , m_edit(new QLineEdit(this))
{
    auto *browse = new QToolButton(this);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Pick the %1").arg(what));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, &FilePathEdit::browse);
    connect(m_edit, &QLineEdit::textChanged, this, &FilePathEdit::changed);
}

QString FilePathEdit::path() const
{
    return m_edit->text().trimmed();
}

void FilePathEdit::setPath(const QString &path)
{
    m_edit->setText(path);
}

void FilePathEdit::setPlaceholderText(const QString &text)
{
    m_edit->setPlaceholderText(text);
}

QString FilePathEdit::problem() const
{
    const QString typed = path();
    if (typed.isEmpty())
        return {};
    const QFileInfo file(NetCore::resolveRelativePath(typed, m_baseDirectory));
    if (!file.exists())
        return tr("The %1 %2 does not exist.").arg(m_what, typed);
    if (!file.isFile() || !file.isReadable())
        return tr("The %1 %2 cannot be read.").arg(m_what, typed);
    return {};
}

void FilePathEdit::browse()
{
    const QString start = m_baseDirectory.isEmpty() ? QDir::currentPath() : m_baseDirectory;
    const QString picked = QFileDialog::getOpenFileName(this, tr("Pick the %1").arg(m_what), start, m_filter);
    if (picked.isEmpty())
        return;
    // Kept relative when the file is beside the session, so the session can move with it.
    const QString relative = m_baseDirectory.isEmpty() ? picked : QDir(m_baseDirectory).relativeFilePath(picked);
    m_edit->setText(relative.startsWith(QLatin1String("..")) ? picked : relative);
}

} // namespace Gui
