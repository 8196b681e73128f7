// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <memory>
#include <type_traits>

namespace NetCore {

/**
 * A first-in first-out queue of small trivially copyable items in a ring that
 * doubles when full: appending and taking from the front never move the other items.
 * A fleet connection's requests in flight live in one; a QList there cost a
 * non-inlined call per append and a memmove whenever its free space ran out at the end.
 * Empty and cleared, it holds no memory (idle connections are many).
 */
template<typename T>
class RingQueue
{
    static_assert(std::is_trivially_copyable_v<T>, "items are copied as bytes when the ring grows");

public:
    qsizetype size() const { return qsizetype(m_count); }
    bool isEmpty() const { return m_count == 0; }
    qsizetype capacity() const { return m_items ? qsizetype(m_mask) + 1 : 0; }

    /** The item `index` places from the front (0: the oldest). */
    T &operator[](qsizetype index) { return m_items[(m_head + quint32(index)) & m_mask]; }
    const T &operator[](qsizetype index) const { return m_items[(m_head + quint32(index)) & m_mask]; }

    void append(const T &item)
    {
        if (m_count == quint32(capacity()))
            grow();
        m_items[(m_head + m_count) & m_mask] = item;
        ++m_count;
    }

    /** Drops the `count` oldest items (all of them if there are fewer). */
    void removeFirst(qsizetype count = 1)
    {
        const auto removed = quint32(std::clamp<qsizetype>(count, 0, size()));
        m_head = (m_head + removed) & m_mask;
        m_count -= removed;
    }

    /** Drops one item; those behind it move up (replies mostly come in order, so it is mostly the first). */
    void removeAt(qsizetype index)
    {
        if (index < 0 || index >= size())
            return;
        if (index == 0) {
            removeFirst();
            return;
        }
        for (qsizetype i = index; i + 1 < size(); ++i)
            (*this)[i] = (*this)[i + 1];
        --m_count;
    }

    /** Empties the queue and gives its memory back. */
    void clear()
    {
        m_items.reset();
        m_mask = 0;
        m_head = 0;
        m_count = 0;
    }

private:
    void grow()
    {
        const quint32 newCapacity = m_items ? 2 * (m_mask + 1) : 4;
        auto items = std::make_unique_for_overwrite<T[]>(newCapacity);
        for (quint32 i = 0; i < m_count; ++i)
            items[i] = m_items[(m_head + i) & m_mask];
        m_items = std::move(items);
        m_mask = newCapacity - 1;
        m_head = 0;
    }

    std::unique_ptr<T[]> m_items;
    quint32 m_mask = 0; // capacity - 1; the capacity is a power of two
    quint32 m_head = 0;
    quint32 m_count = 0;
};

} // namespace NetCore
