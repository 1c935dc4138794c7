/**
 * What the Project Wycheproof conversions share: the source record, the notes for the flags
 * used, and the mapping of one upstream test plus our expectation to a corpus test.
 */
import { WYCHEPROOF_COMMIT } from './common.mjs'

export const wycheproofSource = (file) => ({
  name: 'Project Wycheproof',
  repository: 'https://github.com/C2SP/wycheproof',
  commit: WYCHEPROOF_COMMIT,
  path: `testvectors_v1/${file}`,
  license: 'Apache-2.0',
})

/** The upstream notes for the flags the converted tests use, as `flag → description`. */
export function notesFor(upstream, groups) {
  const used = new Set(groups.flatMap((group) => group.tests.flatMap((test) => test.flags ?? [])))
  const notes = {}
  for (const [flag, note] of Object.entries(upstream.notes)) {
    if (used.has(flag)) notes[flag] = note.description
  }
  for (const flag of used) if (!(flag in notes)) throw new Error(`flag ${flag} has no upstream note`)
  return notes
}

/** Turns one upstream test plus our expectation into a corpus test. */
export function convertedTest(file, test, outcome, { input, tags = [], acceptable, policy, explanation }) {
  const verdict = outcome.expect.ok ? 'accepts' : 'rejects'
  const upstreamVerdict = test.result === 'valid'
  // Our expectation differs from the label, or the label leaves it open: say why. A known upstream
  // defect is explained even where the verdicts agree (`explanation`).
  const differs = test.result === 'acceptable' || upstreamVerdict !== outcome.expect.ok
  const why = explanation ?? (differs ? policy ?? outcome.detail : undefined)
  if (differs && why === undefined) throw new Error(`${file} tc${test.tcId}: expectation differs from upstream without a reason`)
  return {
    tcId: test.tcId,
    comment: `${verdict} ${test.comment.trim() === '' ? '(no upstream comment)' : test.comment}`,
    flags: test.flags.length > 0 ? test.flags : undefined,
    tags: tags.length > 0 ? [...new Set(tags)].sort() : undefined,
    ...input,
    expect: outcome.expect,
    acceptable,
    policy: why,
    upstream: { file: `testvectors_v1/${file}`, commit: WYCHEPROOF_COMMIT, tcId: test.tcId, result: test.result },
  }
}

export const outputName = (file) => `wycheproof/${file.replace(/_test\.json$/, '.json')}`
