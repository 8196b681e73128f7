// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/websocketupgrade.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

namespace Gui {

/**
 * How a websocket fleet's connections upgrade: the path, extra header lines (Origin,
 * Authorization, Sec-WebSocket-Protocol) and whether messages go as binary frames.
 */
class WebSocketEdit : public QWidget
{
    Q_OBJECT

public:
    explicit WebSocketEdit(QWidget *parent = nullptr);

    NetCore::WebSocketUpgrade upgrade() const;
    void setUpgrade(const NetCore::WebSocketUpgrade &upgrade);
    /** What is wrong with what is typed, or empty. */
    QString problem() const;

Q_SIGNALS:
    void changed();

private:
    QLineEdit *m_path = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QCheckBox *m_binary = nullptr;
};

} // namespace Gui
