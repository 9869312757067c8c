import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { exportDocuments } from '../../src/core/export/jsonl'
import { createHandlers } from '../../src/core/operations/handlers'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { API, isOperationName, OPERATION_NAMES, perOperation } from '../../src/shared/api'
import { DOCUMENT_STATUSES, exportedDocumentLabel, exportedRelation, exportedSpan } from '../../src/shared/corpus-types'
import { opened, scratch } from '../helpers'

describe('the contract', () => {
  it('describes what the export writes: every span, relation and document label parses with its schema', () => {
    const path = join(scratch(), 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    const corpus = opened(Corpus.open(path))
    corpus.addLabel({ name: 'Politics', kind: 'document', color: '#000000', hotkey: 'p', description: '', head: null, child: null })
    const handlers = createHandlers(corpus, 'ana')
    const claim = handlers.addSpan({ documentId: 1, start: 0, end: 11, label: 'Claim' })
    const speaker = handlers.addSpan({ documentId: 1, start: 16, end: 30, label: 'Speaker' })
    handlers.addRelation({ documentId: 1, head: claim.id, child: speaker.id, label: 'attributed_to' })
    handlers.setDocumentLabel({ documentId: 1, label: 'Politics', on: true })
    const [document] = [...exportDocuments(corpus)]
    expect(document.spans).toHaveLength(2)
    for (const span of document.spans) expect(exportedSpan.strict().parse(span)).toEqual(span)
    for (const relation of document.relations) expect(exportedRelation.strict().parse(relation)).toEqual(relation)
    for (const label of document.labels) expect(exportedDocumentLabel.strict().parse(label)).toEqual(label)
  })

  it('has the statuses the corpus file allows, no more and no fewer', () => {
    const path = join(scratch(), 's.marginalia')
    opened(Corpus.open(path, { create: true })).insertDocument({ externalId: 'd', title: 'd', text: 'x' })
    const db = opened(new Database(path))
    const set = db.prepare('UPDATE documents SET status = ?')
    for (const status of DOCUMENT_STATUSES) expect(() => set.run(status)).not.toThrow()
    expect(() => set.run('archived')).toThrow(/CHECK constraint/)
  })

  it('knows its operations by name only, and builds one member per operation', () => {
    expect(OPERATION_NAMES).toEqual(Object.keys(API))
    expect(isOperationName('addSpan')).toBe(true)
    expect(isOperationName('then')).toBe(false)
    expect(isOperationName('toString')).toBe(false)
    expect(isOperationName('__proto__')).toBe(false)
    const built = perOperation((name) => `member ${name}`)
    expect(Object.keys(built)).toEqual(OPERATION_NAMES)
    expect('then' in built).toBe(false) // awaiting the client does not call an operation
  })
})
