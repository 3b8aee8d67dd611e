import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import { ApiError, connectionNotFound } from './api-error.js'
import type { Connection, ConnectionRegistry } from './connections.js'
import { validateObject, type ObjectSchema } from './schema-validation.js'

/** Auth0's limit on the users file (500 KB), and its 413 text (OAS). */
export const MAX_IMPORT_FILE_BYTES = 512_000

/** Room for the part headers and the four small fields around the file [I]. */
const FORM_OVERHEAD_BYTES = 16 * 1024

/**
 * A refused body up to this size is read (and dropped) before the answer; a bigger one is
 * answered at once (Auth0's general payload limit, 1 MiB, is the bound).
 */
const DRAIN_BYTES = 1024 * 1024

/**
 * busboy's limits: the five parts Auth0 knows (a few spares so an extra one is refused by the
 * schema, by name), short field values, few part headers. Everything past them is refused
 * rather than buffered.
 */
const LIMITS = {
  // busboy signals a limit when a file *reaches* it: one more byte, so 512000 itself passes.
  fileSize: MAX_IMPORT_FILE_BYTES + 1,
  files: 2,
  fields: 8,
  parts: 10,
  fieldSize: 1024,
  fieldNameSize: 100,
  headerPairs: 16,
}

const tooLarge = () =>
  new ApiError(
    413,
    `Payload content length greater than maximum allowed: ${MAX_IMPORT_FILE_BYTES}.`,
  )

/** hapi's (subtext's) text for a body it cannot read as multipart; the detail is the emulator's. */
const malformed = (detail?: string) =>
  new ApiError(
    400,
    detail === undefined
      ? 'Invalid multipart payload format'
      : `Invalid multipart payload format: ${detail}`,
  )

/** What a users-imports request asked for, validated. */
export interface ImportRequest {
  connection: Connection
  /** The file's users, as parsed (each still to be validated on its own). */
  users: unknown[]
  upsert: boolean
  externalId: string | undefined
  sendCompletionEmail: boolean
}

interface Form {
  fields: Map<string, string>
  files: Map<string, Buffer>
}

/**
 * Reads a POST /jobs/users-imports body (multipart/form-data) without ever holding more than
 * the file limit plus a little. A refused body (413 once the file or the whole body passes the
 * limit; 400 for a body that is not multipart, or has too many or too long parts) is no longer
 * parsed nor kept; up to {@link DRAIN_BYTES} of it is read and dropped so that a client still
 * uploading reads the answer instead of a reset (fetch-based SDKs hang on one), past that the
 * answer goes at once and the connection is closed.
 */
export function readImportForm(req: IncomingMessage): Promise<Form> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'multipart/form-data')
    return Promise.reject(new ApiError(415, 'Unsupported Media Type'))
  const maxBody = MAX_IMPORT_FILE_BYTES + FORM_OVERHEAD_BYTES
  const declared = Number(req.headers['content-length'])
  if (declared > DRAIN_BYTES) return Promise.reject(tooLarge())

  return new Promise((resolve, reject) => {
    const form: Form = { fields: new Map(), files: new Map() }
    let settled = false
    let refusal: ApiError | undefined
    const settle = (err: ApiError | undefined) => {
      if (settled) return
      settled = true
      if (err === undefined) resolve(form)
      else reject(err)
    }
    let parser: busboy.Busboy | undefined
    // Nothing more is parsed (the parser is left to the GC: destroying it inside one of its own
    // callbacks breaks it); the rest of the body is dropped as it comes, up to DRAIN_BYTES.
    const refuse = (err: ApiError) => {
      if (refusal !== undefined || settled) return
      refusal = err
      if (parser !== undefined) req.unpipe(parser)
      req.resume()
      if (req.complete) settle(err)
    }
    let received = 0
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (refusal === undefined && received > maxBody) refuse(tooLarge())
      if (refusal !== undefined && received > DRAIN_BYTES) {
        req.pause()
        settle(refusal)
      }
    })
    req.on('end', () => {
      if (refusal !== undefined) settle(refusal)
    })
    // A client that goes away mid-body: settle anyway (the answer goes nowhere).
    req.on('close', () => {
      if (!req.complete) settle(refusal ?? new ApiError(400, 'Incomplete request payload'))
    })
    try {
      parser = busboy({ headers: req.headers, limits: LIMITS })
    } catch {
      refuse(malformed('no boundary'))
      return
    }
    if (declared > maxBody) {
      refuse(tooLarge())
      return
    }
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () => refuse(tooLarge()))
      stream.on('error', () => refuse(malformed()))
      stream.on('end', () => {
        if (!stream.truncated) form.files.set(name, Buffer.concat(chunks))
      })
    })
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) {
        refuse(malformed(`a part is longer than ${LIMITS.fieldSize} characters`))
      } else form.fields.set(name, value)
    })
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(event, () => refuse(malformed(`more than ${LIMITS.parts} parts`)))
    }
    parser.on('error', () => refuse(malformed()))
    parser.on('close', () => settle(refusal))
    req.pipe(parser)
  })
}

/** The form's text fields, as OAS `CreateImportUsersRequestContent` names them. */
const formSchema: ObjectSchema = {
  additionalProperties: false,
  required: ['users', 'connection_id'],
  properties: {
    users: { type: 'string', description: 'Import file' },
    connection_id: {
      type: 'string',
      description: 'connection_id of the connection to which users will be imported.',
    },
    upsert: {
      type: 'boolean',
      description:
        'Whether to update users if they already exist (true) or to ignore them (false).',
    },
    external_id: {
      type: 'string',
      description: 'Customer-defined ID.',
    },
    send_completion_email: {
      type: 'boolean',
      description:
        'Whether to send a completion email to all tenant owners when the job is finished (true) or not (false).',
    },
  },
}

const BOOLEAN_PARTS = new Set(['upsert', 'send_completion_email'])

/**
 * Validates the form as Auth0 does (booleans arrive as `true`/`false` text) and parses the users
 * file: 400 for a missing part, an unknown connection, a file that is not JSON or not an array.
 */
export function parseImportForm(form: Form, connections: ConnectionRegistry): ImportRequest {
  // Null prototype: part names come from outside.
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const [name, value] of form.fields) {
    const flag = BOOLEAN_PARTS.has(name) && (value === 'true' || value === 'false')
    values[name] = flag ? value === 'true' : value
  }
  for (const name of form.files.keys()) values[name] = ''
  validateObject(values, formSchema, 'Payload')
  // A text `users` part instead of a file is read the same way (what some HTTP clients send).
  const file = form.files.get('users') ?? Buffer.from(form.fields.get('users') ?? '', 'utf8')
  const connection = connections.byId(values.connection_id as string)
  if (connection === undefined) throw connectionNotFound()
  const externalId = form.fields.get('external_id')
  return {
    connection,
    users: parseUsersFile(file),
    upsert: values.upsert === true,
    externalId: externalId === undefined || externalId === '' ? undefined : externalId,
    sendCompletionEmail: values.send_completion_email !== false,
  }
}

/** The users file: a JSON array (a UTF-8 byte-order mark is tolerated) [I for the texts]. */
function parseUsersFile(file: Buffer): unknown[] {
  let users: unknown
  try {
    users = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''))
  } catch {
    throw new ApiError(
      400,
      'Users file must be a valid JSON array: the file is not JSON.',
      'invalid_body',
    )
  }
  if (!Array.isArray(users)) {
    throw new ApiError(400, 'Users file must be a valid JSON array of users.', 'invalid_body')
  }
  return users
}
