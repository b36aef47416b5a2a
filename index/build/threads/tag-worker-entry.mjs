// The entry of a tagging thread. Node 20 gives worker threads neither the parent's module hooks nor a way to
// start on a .ts file, so this plain module loads tag-worker.ts, registering tsx first when .ts is not understood.
// The retry names the module differently: a failed import stays failed under its own URL.
try {
  await import('./tag-worker.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./tag-worker.ts?with-tsx');
}
