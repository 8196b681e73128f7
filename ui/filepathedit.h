// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;

namespace Gui {

/**
 * A file's path, typed or picked ("…"): relative paths are the session file's
 * (`baseDirectory`), as the session keeps them. problem() says when the file is not
 * there to read.
 */
class FilePathEdit : public QWidget
{
    Q_OBJECT

public:
    /** Certificates and keys (the TLS forms). */
    static constexpr const char *PemFilter = "PEM files (*.pem *.crt *.cer *.key);;All files (*)";

    FilePathEdit(const QString &what, const QString &filter, const QString &baseDirectory, QWidget *parent = nullptr);

    QString path() const;
    void setPath(const QString &path);
    void setPlaceholderText(const QString &text);
    /** Empty when the path is empty or names a readable file; else why not, naming `what`. */
    QString problem() const;
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    void changed();

private:
    void browse();

    QString m_what;
    QString m_filter;
    QString m_baseDirectory;
    QLineEdit *m_edit;
};

} // namespace Gui
