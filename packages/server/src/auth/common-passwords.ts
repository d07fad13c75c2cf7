import type { CommonPasswords } from '@ocore/core';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The zxcvbn-ts list of about 30,000 most common passwords (from leaked password sets),
 * loaded once into a set; a password is compared in lower case.
 */
export function createCommonPasswords(): CommonPasswords {
  let set: Set<string> | undefined;
  return {
    isCommon(password) {
      set ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
      return set.has(password.toLowerCase());
    },
  };
}
