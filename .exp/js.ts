import { z } from 'zod'
import { recordShape } from '../src/core/import/record-shapes'
const schema = z.toJSONSchema(recordShape, { io: 'input', unrepresentable: 'any' })
console.log(JSON.stringify(schema, null, 1).slice(0, 3000))
