// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QPushButton;
class QTableWidget;

namespace NetCore {
class SessionEngine;
}

namespace Gui {

/**
 * A session's servers, fleets or proxies: one row per definition (its name in
 * column 0), with start and stop, add, edit and remove. The three panels are this one
 * with their own columns, verbs and live figures.
 */
class DefinitionPanel : public QWidget
{
    Q_OBJECT

public:
    /** Rebuilds the rows from the engine's session. */
    void reload();
    QTableWidget *table() const { return m_table; }
    QString selectedName() const;

Q_SIGNALS:
    void failed(const QString &message);
    void addRequested();
    void editRequested(const QString &name);
    void removeRequested(const QString &name);

protected:
    /** `startLabel` and `stopLabel` name the two verbs ("Start", "Connect"...). */
    DefinitionPanel(NetCore::SessionEngine &engine, const QStringList &headers, const QString &startLabel,
                    const QString &stopLabel, QWidget *parent);

    /** One row per definition of the session, in its order: the cells under the headers. */
    virtual QList<QStringList> rows() const = 0;
    virtual bool isRunning(const QString &name) const = 0;
    /** Starts definition `name`; why it cannot, or empty (the outcome comes from the engine). */
    virtual QString start(const QString &name) = 0;
    virtual void stop(const QString &name) = 0;
    /** Brings the live cells of row `row` (definition `name`) up to date with the engine. */
    virtual void refreshRow(int row, const QString &name) = 0;
    /** After every refresh: for buttons of the panel's own that follow the selection. */
    virtual void selectionRefreshed(const QString &selected) { Q_UNUSED(selected) }

    void refreshStates();
    int rowOf(const QString &name) const;
    void setCell(int row, int column, const QString &text);
    /** A cell and its tooltip (the whole text of a long state, its reasons). */
    void setCell(int row, int column, const QString &text, const QString &toolTip);
    /** Keeps a live column at least as wide as `sample`, so a growing number never elides. */
    void keepWideEnough(int column, const QString &sample);
    /** A button of the panel's own, after the start and stop verbs. */
    void addButton(QPushButton *button);

    NetCore::SessionEngine &m_engine;

private:
    QTableWidget *m_table = nullptr;
    QHBoxLayout *m_buttons = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
};

} // namespace Gui
