import { describe, expect, it } from 'vitest'
import { planPages } from '../../../src/query/page-plan.js'

describe('planPages', () => {
  it('streams an open window 100 a page', () => {
    expect(planPages(0, undefined)).toEqual({ perPage: 100, firstPage: 0, skip: 0 })
    expect(planPages(250, undefined)).toEqual({ perPage: 100, firstPage: 2, skip: 50 })
  })

  it('fits a short window in one request with the smallest page that holds it', () => {
    expect(planPages(0, 1)).toEqual({ perPage: 1, firstPage: 0, skip: 0 })
    expect(planPages(0, 2)).toEqual({ perPage: 2, firstPage: 0, skip: 0 })
    expect(planPages(95, 105)).toEqual({ perPage: 15, firstPage: 6, skip: 5 })
    expect(planPages(0, 100)).toEqual({ perPage: 100, firstPage: 0, skip: 0 })
  })

  it('never plans a page past the 1000-result cap', () => {
    for (let start = 900; start < 1000; start += 7) {
      for (let end = start + 1; end <= Math.min(1000, start + 100); end += 3) {
        const plan = planPages(start, end)
        expect((plan.firstPage + 1) * plan.perPage).toBeLessThanOrEqual(1000)
        expect(plan.firstPage * plan.perPage + plan.skip).toBe(start)
      }
    }
  })

  it('uses 100-pages when a window cannot fit one page', () => {
    expect(planPages(5, 105)).toEqual({ perPage: 100, firstPage: 0, skip: 5 })
    expect(planPages(0, 250)).toEqual({ perPage: 100, firstPage: 0, skip: 0 })
  })
})
