// Who is logged in. The server decides every permission; the UI only reads the user's roles to
// hide what they could not use anyway (DocType design is for System Managers).
import {ApiError, call, getDoc} from './api.js';

export const session = {user: null, fullName: '', roles: [], isSystemManager: false};

function reset() {
  Object.assign(session, {user: null, fullName: '', roles: [], isSystemManager: false});
}

// Loads the session from the cookie; false when nobody is logged in (401).
export async function loadSession() {
  try {
    session.user = await call('frappe.auth.get_logged_user');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      reset();
      return false;
    }
    throw err;
  }
  await loadRoles();
  return true;
}

async function loadRoles() {
  session.roles = [];
  session.fullName = session.user;
  try {
    const user = await getDoc('User', session.user);
    session.fullName = user.full_name || user.first_name || session.user;
    session.roles = (user.roles || []).map((r) => r.role);
  } catch (err) {
    // Users who may not read User records are not System Managers.
    if (!(err instanceof ApiError) || (err.status !== 403 && err.status !== 404)) throw err;
  }
  session.isSystemManager =
      session.user === 'Administrator' || session.roles.includes('System Manager');
}

export async function login(usr, pwd) {
  const answer = await call('login', {usr, pwd});
  session.user = answer.user || usr;
  await loadRoles();
  session.fullName = answer.full_name || session.fullName;
}

export async function logout() {
  try {
    await call('logout');
  } finally {
    reset();
  }
}
