import { describe, expect, it } from 'vitest'
import { defaultOrder } from '../../../src/emulator/search/default-order.js'
import { UserOrder } from '../../../src/emulator/search/user-order.js'

type User = Record<string, unknown>

describe('UserOrder keeps users in the default order through inserts and removes', () => {
  it('matches a sorted array after 6,000 random inserts and removes (chunks split and empty)', () => {
    let seed = 11
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const user = (i: number): User => ({
      user_id: `auth0|${i}`,
      created_at: new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 50) * 1000).toISOString(),
    })
    const initial = Array.from({ length: 700 }, (_, i) => user(i)).sort(defaultOrder)
    const order = UserOrder.fromSorted(initial, defaultOrder)
    const reference = [...initial]
    for (let i = 700; i < 6700; i++) {
      if (random() < 0.4 && reference.length > 0) {
        const [gone] = reference.splice(Math.floor(random() * reference.length), 1)
        expect(order.remove(gone!)).toBe(true)
        expect(order.remove(gone!)).toBe(false)
      } else {
        const added = user(i)
        order.insert(added)
        reference.push(added)
        reference.sort(defaultOrder)
      }
    }
    expect(order.size).toBe(reference.length)
    expect([...order]).toEqual(reference)
    expect(order.slice(500, 777)).toEqual(reference.slice(500, 777))
    expect([...order.between(500, 777)]).toEqual(reference.slice(500, 777))
    expect([...order.betweenBackward(500, 777)]).toEqual(reference.slice(500, 777).reverse())
    expect([...order.betweenBackward(0, order.size)]).toEqual([...reference].reverse())
    expect([...order.between(3, 3)]).toEqual([])
    const bound = '2021-01-01T00:00:25.000Z'
    expect(order.firstPositionNot((u) => String(u['created_at']) < bound)).toBe(
      reference.findIndex((u) => String(u['created_at']) >= bound),
    )
  })
})
