'use client';

import { useState } from 'react';
import { CreateUserForm } from './create-user-form';
import { Notice, QueryStatus, Table } from './ui';
import { useUsers } from './use-admin';
import { UserRow, type Report } from './user-row';

/** Users: the table with per-row changes, the result of the last change, and the create form. */
export function UsersTab({ selfId }: { selfId: number | undefined }) {
  const users = useUsers();
  const [notice, setNotice] = useState<Parameters<Report>[0]>(null);

  return (
    <div className="flex flex-col gap-4">
      {notice && (
        <Notice kind={notice.kind} testId={notice.kind === 'error' ? 'users-error' : 'users-notice'}>
          {notice.text}
        </Notice>
      )}
      <QueryStatus
        what="users"
        isPending={users.isPending}
        error={users.error}
        retry={() => void users.refetch()}
        testId="users-status"
      />
      {users.data && (
        <Table label="Users" head={['Login', 'Name', 'Role', 'Status', 'Last login', 'Actions']}>
          {users.data.map((u) => (
            <UserRow key={u.id} user={u} self={u.id === selfId} report={setNotice} />
          ))}
        </Table>
      )}
      <CreateUserForm onCreated={(login) => setNotice({ kind: 'success', text: `User ${login} created.` })} />
    </div>
  );
}
