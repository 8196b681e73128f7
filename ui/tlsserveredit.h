// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tls/tlsserversettings.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace Gui {

class FilePathEdit;

/** A server's TLS: a self-signed certificate or the user's own, client certificates required or not, ALPN. */
class TlsServerEdit : public QGroupBox
{
    Q_OBJECT

public:
    explicit TlsServerEdit(const QString &baseDirectory, QWidget *parent = nullptr);

    NetCore::TlsServerSettings settings() const;
    void setSettings(const NetCore::TlsServerSettings &settings);
    QString problem() const;

Q_SIGNALS:
    void changed();

private:
    void updateEnabled();

    QRadioButton *m_selfSigned;
    QRadioButton *m_ownCertificate;
    FilePathEdit *m_cert;
    FilePathEdit *m_key;
    FilePathEdit *m_clientCa;
    QLineEdit *m_alpn;
    QComboBox *m_minVersion;
    QLabel *m_problem;
};

} // namespace Gui
