import { useRef } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useRegisterPasskey } from '../api/use-register-passkey';

const fields = ['name', 'password'] as const;

/** Creates a passkey on this device; the browser asks for the screen lock or the security key. */
export function RegisterPasskeyForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const register = useRegisterPasskey();
  const notify = useToast();
  const errors = toFormErrors(register.error, fields);

  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const form = readForm(event, fields);
        const name = form.name.trim();
        register.mutate(
          { ...(name ? { name } : {}), ...(form.password ? { password: form.password } : {}) },
          {
            onSuccess: (passkey) => {
              notify(`Passkey ${passkey.name} was added.`);
              formRef.current?.reset();
            },
          },
        );
      }}
    >
      <FormError message={errors.general} />
      <Field
        label="Name (optional)"
        name="name"
        autoComplete="off"
        placeholder="Work laptop"
        hint="Says which device or key it is, for when you have several."
        error={errors.fields['name']}
      />
      <Field
        label="Your password (for a first passkey)"
        name="password"
        type="password"
        autoComplete="current-password"
        hint="Signed in with a password, your first passkey needs it again. Later ones need a passkey sign-in."
        error={errors.fields['password']}
      />
      <div className="form-actions">
        <Button type="submit" pending={register.isPending} pendingLabel="Waiting for your device…">
          Add a passkey
        </Button>
      </div>
    </form>
  );
}
