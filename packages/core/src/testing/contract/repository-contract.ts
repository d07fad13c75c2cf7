import type { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store.js';
import { describeHostingContract } from './hosting.contract.js';
import { describePeopleContract } from './people.contract.js';
import { describeTransactionContract } from './transaction.contract.js';

/** A store to run the contract on, and how to let go of it. */
export interface ContractStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * The test functions, passed in: this module is built with core (the server imports it from
 * `@ocore/core/testing`) and must not load vitest at run time.
 */
export interface ContractTestApi {
  describe: typeof describe;
  it: typeof it;
  expect: typeof expect;
  beforeAll: typeof beforeAll;
  afterAll: typeof afterAll;
}

/** What each part of the contract is given: the store of the suite and the test functions. */
export interface ContractContext extends ContractTestApi {
  store(): Store;
}

/**
 * One behavioural suite of the repositories, run on the in-memory store (core) and on the
 * kysely store over PGlite and PostgreSQL (server), so that the fakes cannot drift from the
 * adapters. One store serves the whole suite: every test makes its own rows under fresh names.
 */
export function describeRepositoryContract(
  name: string,
  open: () => Promise<ContractStore>,
  api: ContractTestApi,
): void {
  api.describe(`repository contract: ${name}`, () => {
    let opened: ContractStore | undefined;
    api.beforeAll(async () => {
      opened = await open();
    });
    api.afterAll(() => opened?.close());
    const context: ContractContext = {
      ...api,
      store: () => {
        if (!opened) throw new Error('the contract store is not open');
        return opened.store;
      },
    };
    describePeopleContract(context);
    describeHostingContract(context);
    describeTransactionContract(context);
  });
}
