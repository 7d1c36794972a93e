import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { MemoryRegistry } from '../registry/memory-registry.js';

/**
 * Process and host metrics under prom-client's names (process_*) and node_exporter-like host names.
 * Everything is read at collection time; nothing runs in between. Linux-only readings (/proc) are
 * registered only where /proc exists.
 */
export function registerSystemMetrics(registry: MemoryRegistry): void {
  const cpu = (field: 'user' | 'system' | 'total') => () => {
    const usage = process.cpuUsage();
    const micros = field === 'total' ? usage.user + usage.system : usage[field];
    return micros / 1e6;
  };
  registry.registerCallback('process_cpu_user_seconds_total', cpu('user'), {
    description: 'Total user CPU time spent in seconds.',
    unit: 'seconds',
    monotonic: true,
  });
  registry.registerCallback('process_cpu_system_seconds_total', cpu('system'), {
    description: 'Total system CPU time spent in seconds.',
    unit: 'seconds',
    monotonic: true,
  });
  registry.registerCallback('process_cpu_seconds_total', cpu('total'), {
    description: 'Total user and system CPU time spent in seconds.',
    unit: 'seconds',
    monotonic: true,
  });

  const startTime = Math.round(Date.now() / 1000 - process.uptime());
  registry.registerCallback('process_start_time_seconds', () => startTime, {
    description: 'Start time of the process since unix epoch in seconds.',
    unit: 'seconds',
  });
  registry.registerCallback('process_resident_memory_bytes', () => process.memoryUsage.rss(), {
    description: 'Resident memory size in bytes.',
    unit: 'bytes',
  });

  if (hasProc()) {
    registry.registerCallback('process_virtual_memory_bytes', () => statusField('VmSize'), {
      description: 'Virtual memory size in bytes.',
      unit: 'bytes',
    });
    registry.registerCallback('process_heap_bytes', () => statusField('VmData'), {
      description: 'Process heap size in bytes.',
      unit: 'bytes',
    });
    // The directory listing itself holds one descriptor open while it runs; prom-client subtracts it too.
    registry.registerCallback('process_open_fds', () => readdirSync('/proc/self/fd').length - 1, {
      description: 'Number of open file descriptors.',
    });
    const maxFds = readMaxFds();
    if (maxFds !== undefined)
      registry.registerCallback('process_max_fds', () => maxFds, {
        description: 'Maximum number of open file descriptors.',
      });
  }

  const load = (index: 0 | 1 | 2) => () => os.loadavg()[index] ?? 0;
  registry.registerCallback('node_load1', load(0), { description: 'Host load average over 1 minute.' });
  registry.registerCallback('node_load5', load(1), { description: 'Host load average over 5 minutes.' });
  registry.registerCallback('node_load15', load(2), { description: 'Host load average over 15 minutes.' });
  registry.registerCallback('node_memory_total_bytes', () => os.totalmem(), {
    description: 'Host memory in bytes.',
    unit: 'bytes',
  });
  registry.registerCallback('node_memory_free_bytes', () => os.freemem(), {
    description: 'Host memory free in bytes.',
    unit: 'bytes',
  });
}

function hasProc(): boolean {
  try {
    readFileSync('/proc/self/status');
    return true;
  } catch {
    return false;
  }
}

/** A `kB` field of /proc/self/status, in bytes. */
function statusField(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

function readMaxFds(): number | undefined {
  const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return match ? Number(match[1]) : undefined;
}
