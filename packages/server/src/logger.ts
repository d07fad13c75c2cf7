import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs; credentials are redacted wherever they appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.secret',
        '*.passwordHash',
        'password',
        'token',
      ],
      censor: '[redacted]',
    },
  });
}
