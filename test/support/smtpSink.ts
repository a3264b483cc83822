/**
 * A loopback SMTP server for tests: accepts every message and keeps it with decoded headers and body, so
 * a test can assert what n8n's Send Email node delivered, or reject every recipient to make a letter fail. It speaks enough SMTP (RFC 5321) for nodemailer:
 * EHLO/HELO, AUTH PLAIN and LOGIN (any user and password are accepted), MAIL FROM, RCPT TO, DATA, RSET,
 * NOOP and QUIT. It offers no TLS, so clients must connect with `secure: false` and without STARTTLS.
 */
import net from 'node:net';

export interface ReceivedMail {
	/** Envelope sender (MAIL FROM). */
	from: string;
	/** Envelope recipients (RCPT TO), including copies. */
	to: string[];
	/** User name given in AUTH, if the client authenticated. */
	authUser?: string;
	/** Header fields by lower-case name, unfolded and with RFC 2047 encoded words decoded. */
	headers: Record<string, string>;
	subject: string;
	/** The text/plain body, decoded to a string. */
	text: string;
	/** The text/html body, when the message has one. */
	html?: string;
	/** The message as received, with dot-stuffing removed. */
	raw: string;
}

interface ParsedPart {
	headers: Record<string, string>;
	text?: string;
	html?: string;
}

/** Decodes `=?utf-8?B?...?=` and `=?utf-8?Q?...?=` words; whitespace between two encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
	const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
	return joined.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_match, charset: string, encoding: string, text: string) => {
		const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text.replace(/_/g, ' '));
		return bytes.toString(bufferEncoding(charset));
	});
}

function bufferEncoding(charset: string | undefined): BufferEncoding {
	const normalized = (charset ?? 'utf-8').toLowerCase();
	if (normalized === 'us-ascii' || normalized === 'ascii') {
		return 'ascii';
	}
	if (normalized === 'iso-8859-1' || normalized === 'latin1') {
		return 'latin1';
	}
	return 'utf8';
}

/** Bytes of a quoted-printable text given as a latin1 string (one character per byte). */
function quotedPrintableBytes(text: string): Buffer {
	const withoutSoftBreaks = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let index = 0; index < withoutSoftBreaks.length; index += 1) {
		const char = withoutSoftBreaks[index];
		const hex = withoutSoftBreaks.slice(index + 1, index + 3);
		if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			index += 2;
		} else {
			bytes.push(withoutSoftBreaks.charCodeAt(index) & 0xff);
		}
	}
	return Buffer.from(bytes);
}

/** Splits a latin1 message into unfolded header fields and the body. */
function splitHeaders(message: string): { headers: Record<string, string>; body: string } {
	const end = message.search(/\r?\n\r?\n/);
	const head = end === -1 ? message : message.slice(0, end);
	const body = end === -1 ? '' : message.slice(end).replace(/^\r?\n\r?\n/, '');
	const headers: Record<string, string> = {};
	const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) {
			const name = line.slice(0, colon).trim().toLowerCase();
			// Raw UTF-8 header bytes (SMTPUTF8) come first, then encoded words.
			const value = decodeEncodedWords(Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8'));
			headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
		}
	}
	return { headers, body };
}

function parameter(header: string | undefined, name: string): string | undefined {
	const match = new RegExp(`${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(header ?? '');
	return match ? (match[2] ?? match[1]) : undefined;
}

function decodeBody(body: string, headers: Record<string, string>): string {
	const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
	const charset = bufferEncoding(parameter(headers['content-type'], 'charset'));
	if (encoding === 'base64') {
		return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(charset);
	}
	if (encoding === 'quoted-printable') {
		return quotedPrintableBytes(body).toString(charset);
	}
	return Buffer.from(body, 'latin1').toString(charset);
}

/** Parses a MIME entity (latin1 string): single text parts and nested multipart bodies. */
function parseEntity(entity: string): ParsedPart {
	const { headers, body } = splitHeaders(entity);
	const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
	if (type.startsWith('multipart/')) {
		const boundary = parameter(headers['content-type'], 'boundary');
		const result: ParsedPart = { headers };
		if (!boundary) {
			return result;
		}
		const parts = body.split(`--${boundary}`).slice(1);
		for (const part of parts) {
			if (part.startsWith('--')) {
				break;
			}
			const parsed = parseEntity(part.replace(/^\r?\n/, ''));
			result.text ??= parsed.text;
			result.html ??= parsed.html;
		}
		return result;
	}
	const decoded = decodeBody(body, headers).replace(/\r\n/g, '\n').replace(/\n$/, '');
	return type.startsWith('text/html') ? { headers, html: decoded } : { headers, text: decoded };
}

function address(argument: string): string {
	const match = /<([^>]*)>/.exec(argument);
	return (match ? match[1] : argument).trim();
}

type State = 'command' | 'data' | 'authPlain' | 'authLoginUser' | 'authLoginPassword';

/** One client connection's SMTP dialogue. */
class Session {
	private buffer = Buffer.alloc(0);
	private state: State = 'command';
	private from = '';
	private recipients: string[] = [];
	private authUser: string | undefined;
	private dataLines: string[] = [];

	constructor(
		private readonly socket: net.Socket,
		private readonly deliver: (mail: ReceivedMail) => void,
		private readonly rejecting: () => boolean,
	) {
		socket.on('data', (chunk: Buffer) => this.receive(chunk));
		socket.on('error', () => socket.destroy());
		this.reply('220 smtp-sink.test ESMTP ready');
	}

	private reply(line: string): void {
		if (!this.socket.destroyed) {
			this.socket.write(`${line}\r\n`);
		}
	}

	private receive(chunk: Buffer): void {
		this.buffer = Buffer.concat([this.buffer, chunk]);
		for (let end = this.buffer.indexOf('\r\n'); end !== -1; end = this.buffer.indexOf('\r\n')) {
			// latin1 keeps one character per byte, so message bytes survive until the body is decoded.
			const line = this.buffer.subarray(0, end).toString('latin1');
			this.buffer = this.buffer.subarray(end + 2);
			this.handle(line);
		}
	}

	private handle(line: string): void {
		if (this.state === 'data') {
			this.dataLine(line);
			return;
		}
		if (this.state === 'authPlain') {
			this.finishPlain(line);
			return;
		}
		if (this.state === 'authLoginUser') {
			this.authUser = Buffer.from(line, 'base64').toString('utf8');
			this.state = 'authLoginPassword';
			this.reply('334 UGFzc3dvcmQ6');
			return;
		}
		if (this.state === 'authLoginPassword') {
			this.state = 'command';
			this.reply('235 2.7.0 Authentication successful');
			return;
		}
		this.command(line);
	}

	private command(line: string): void {
		const [verb, ...rest] = line.split(' ');
		const argument = rest.join(' ');
		switch (verb.toUpperCase()) {
			case 'EHLO':
				this.socket.write('250-smtp-sink.test\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
				return;
			case 'HELO':
				this.reply('250 smtp-sink.test');
				return;
			case 'AUTH':
				this.auth(argument);
				return;
			case 'MAIL':
				this.from = address(argument.replace(/^FROM:/i, '').split(' ')[0] ?? '');
				this.recipients = [];
				this.reply('250 2.1.0 OK');
				return;
			case 'RCPT':
				if (this.rejecting()) {
					this.reply('550 5.1.1 Mailbox unavailable');
					return;
				}
				this.recipients.push(address(argument.replace(/^TO:/i, '')));
				this.reply('250 2.1.5 OK');
				return;
			case 'DATA':
				if (this.recipients.length === 0) {
					this.reply('503 5.5.1 RCPT first');
					return;
				}
				this.state = 'data';
				this.dataLines = [];
				this.reply('354 End data with <CR><LF>.<CR><LF>');
				return;
			case 'RSET':
				this.from = '';
				this.recipients = [];
				this.reply('250 2.0.0 OK');
				return;
			case 'NOOP':
				this.reply('250 2.0.0 OK');
				return;
			case 'QUIT':
				this.reply('221 2.0.0 Bye');
				this.socket.end();
				return;
			default:
				this.reply('502 5.5.2 Command not implemented');
		}
	}

	private auth(argument: string): void {
		const [mechanism, initial] = argument.split(' ');
		if (mechanism?.toUpperCase() === 'PLAIN') {
			if (initial) {
				this.finishPlain(initial);
			} else {
				this.state = 'authPlain';
				this.reply('334 ');
			}
			return;
		}
		if (mechanism?.toUpperCase() === 'LOGIN') {
			if (initial) {
				this.authUser = Buffer.from(initial, 'base64').toString('utf8');
				this.state = 'authLoginPassword';
				this.reply('334 UGFzc3dvcmQ6');
			} else {
				this.state = 'authLoginUser';
				this.reply('334 VXNlcm5hbWU6');
			}
			return;
		}
		this.reply('504 5.5.4 Unrecognized authentication type');
	}

	private finishPlain(encoded: string): void {
		// PLAIN carries "authorization id \0 user \0 password".
		const [, user] = Buffer.from(encoded, 'base64').toString('utf8').split('\u0000');
		this.authUser = user;
		this.state = 'command';
		this.reply('235 2.7.0 Authentication successful');
	}

	private dataLine(line: string): void {
		if (line === '.') {
			this.state = 'command';
			const raw = this.dataLines.join('\r\n');
			const parsed = parseEntity(raw);
			this.deliver({
				from: this.from,
				to: [...this.recipients],
				authUser: this.authUser,
				headers: parsed.headers,
				subject: parsed.headers.subject ?? '',
				text: parsed.text ?? '',
				html: parsed.html,
				raw: Buffer.from(raw, 'latin1').toString('utf8'),
			});
			this.reply('250 2.0.0 Queued');
			return;
		}
		this.dataLines.push(line.startsWith('..') ? line.slice(1) : line);
	}
}

/** A running sink on 127.0.0.1 and an ephemeral port. */
export class SmtpSink {
	readonly messages: ReceivedMail[] = [];
	/** While true, every recipient is rejected (550), so the client's letter fails as with a wrong address. */
	rejectRecipients = false;
	private readonly sockets = new Set<net.Socket>();
	private waiters: Array<() => void> = [];

	private constructor(
		private readonly server: net.Server,
		readonly host: string,
		readonly port: number,
	) {}

	static start(): Promise<SmtpSink> {
		return new Promise((resolve, reject) => {
			let sink: SmtpSink;
			const server = net.createServer((socket) => {
				sink.sockets.add(socket);
				socket.on('close', () => sink.sockets.delete(socket));
				new Session(
					socket,
					(mail) => sink.receive(mail),
					() => sink.rejectRecipients,
				);
			});
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port } = server.address() as net.AddressInfo;
				sink = new SmtpSink(server, '127.0.0.1', port);
				resolve(sink);
			});
		});
	}

	private receive(mail: ReceivedMail): void {
		this.messages.push(mail);
		const waiters = this.waiters;
		this.waiters = [];
		waiters.forEach((wake) => wake());
	}

	/** Resolves once at least `count` messages have arrived in total; rejects after `timeoutMs`. */
	async waitForCount(count: number, timeoutMs: number): Promise<ReceivedMail[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.messages.length < count) {
			const remaining = deadline - Date.now();
			if (remaining <= 0) {
				throw new Error(`SMTP sink: expected ${count} messages within ${timeoutMs} ms, received ${this.messages.length}`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, remaining);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		return this.messages;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) {
			socket.destroy();
		}
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
