// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tls/tlsclientsettings.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace Gui {

class FilePathEdit;

/** A fleet's TLS: on or off, what to trust (or nothing), the name, ALPN, a client certificate, resumption. */
class TlsClientEdit : public QGroupBox
{
    Q_OBJECT

public:
    explicit TlsClientEdit(const QString &baseDirectory, QWidget *parent = nullptr);

    NetCore::TlsClientSettings settings() const;
    void setSettings(const NetCore::TlsClientSettings &settings);
    /** Why these settings cannot be used, or empty. */
    QString problem() const;

Q_SIGNALS:
    void changed();

private:
    FilePathEdit *m_ca;
    QCheckBox *m_insecure;
    QLineEdit *m_serverName;
    QLineEdit *m_alpn;
    FilePathEdit *m_cert;
    FilePathEdit *m_key;
    QComboBox *m_minVersion;
    QLabel *m_problem;
    QLineEdit *m_ciphers;
    QCheckBox *m_resume;
};

} // namespace Gui
