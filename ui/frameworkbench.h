// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace Gui {

class FramingEdit;

/**
 * Encode a frame in any framing of the codec family and see the exact bytes; paste
 * bytes and see the frames (or the error) a Wirebench peer would decode from them.
 * Pure codec work on the GUI thread: no socket is involved.
 */
class FrameWorkbench : public QWidget
{
    Q_OBJECT

public:
    explicit FrameWorkbench(QWidget *parent = nullptr);

    /** Fills both sides with the protocol's test vectors and a corrupted frame. */
    void loadDemo();

    QByteArray encodedBytes() const { return m_encoded; }
    void setEncodeInput(const QString &framing, const QString &payloadText);
    void setDecodeInput(const QString &framing, const QString &hexText);
    /** Rows of the decode table as "result|type|sequence|payload" lines (for tests). */
    QStringList decodedRows() const;

private:
    QWidget *createEncodeSide();
    QWidget *createDecodeSide();
    void encode();
    void decode();

    FramingEdit *m_encodeFraming = nullptr;
    QComboBox *m_payloadMode = nullptr;
    QPlainTextEdit *m_payloadEdit = nullptr;
    QComboBox *m_typeBox = nullptr;
    QCheckBox *m_noReplyBox = nullptr;
    QLineEdit *m_sequenceEdit = nullptr;
    QLineEdit *m_timestampEdit = nullptr;
    QGroupBox *m_wb1Fields = nullptr;
    QPlainTextEdit *m_encodedView = nullptr;
    QLabel *m_encodeStatus = nullptr;

    FramingEdit *m_decodeFraming = nullptr;
    QPlainTextEdit *m_decodeInput = nullptr;
    QLabel *m_decodeStatus = nullptr;
    QTableWidget *m_decodeTable = nullptr;

    QByteArray m_encoded;
};

} // namespace Gui
