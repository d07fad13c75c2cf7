import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** JSON logs; credentials are redacted wherever they appear in a logged object. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
