import type { AlarmView } from '@dpra/plugin-pipelines-common';
import type { CloudWatchAlarmReader } from '../aws/CloudWatchAlarmReader';
import { credentialsKey, type AwsTarget } from '../aws/AwsTarget';

/** An alarm a pipeline's stage conditions watched at its last refresh. */
export interface WatchedAlarm {
  accountId: string;
  region: string;
  /** The role the pipeline is read with (allow-listed per entity), if not the account's. */
  roleArn?: string;
  name: string;
}

interface Batch {
  names: Set<string>;
  read?: { at: number; views: Promise<Map<string, AlarmView>> };
}

/**
 * `DescribeAlarms` for one refresh run of many pipelines. The alarms the run's pipelines watched at
 * their last refresh are read together: one call per account, region and role (and 100 names, the
 * API's limit), made when the first pipeline of the run needs them and shared by all the others —
 * instead of one call per pipeline and region. A pipeline of a hot entity is refreshed every few
 * seconds, and many pipelines in a region usually watch alarms in the same regions, so this is most
 * of the refresher's calls (CloudWatch allows `DescribeAlarms` a few calls per second per account
 * and region). Names that were not watched before (a new pipeline, a changed definition) are read
 * on their own, so a pipeline always gets every alarm it asks for.
 *
 * A shared read is reused for `maxAgeMs` (default 5 s), so that a long run does not show an alarm
 * state older than that; a failed read is not reused, so the next pipeline tries again (the SDK has
 * already retried it with backoff). Targets never mix: a read made with one role serves only
 * pipelines read with the same role.
 */
export class RefreshRunAlarmReader
  implements Pick<CloudWatchAlarmReader, 'describeAlarms'>
{
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly inner: Pick<CloudWatchAlarmReader, 'describeAlarms'>,
    watched: Iterable<WatchedAlarm>,
    private readonly options: { maxAgeMs?: number; now?: () => number } = {},
  ) {
    for (const alarm of watched) {
      const key = credentialsKey(alarm);
      const batch = this.batches.get(key) ?? { names: new Set<string>() };
      batch.names.add(alarm.name);
      this.batches.set(key, batch);
    }
  }

  async describeAlarms(
    target: AwsTarget,
    alarmNames: string[],
  ): Promise<AlarmView[]> {
    const batch = this.batches.get(credentialsKey(target));
    if (!batch) {
      return this.inner.describeAlarms(target, alarmNames);
    }
    const unknown = alarmNames.filter(name => !batch.names.has(name));
    const [shared, own] = await Promise.all([
      this.sharedRead(target, batch),
      unknown.length > 0
        ? this.inner.describeAlarms(target, unknown)
        : Promise.resolve([]),
    ]);
    const ownByName = new Map(own.map(view => [view.name, view]));
    return [...new Set(alarmNames)].map(
      name => (shared.get(name) ?? ownByName.get(name))!,
    );
  }

  private sharedRead(
    target: AwsTarget,
    batch: Batch,
  ): Promise<Map<string, AlarmView>> {
    const now = (this.options.now ?? Date.now)();
    const maxAgeMs = this.options.maxAgeMs ?? 5000;
    if (batch.read && now - batch.read.at <= maxAgeMs) {
      return batch.read.views;
    }
    const read = {
      at: now,
      views: this.inner
        .describeAlarms(target, [...batch.names])
        .then(views => new Map(views.map(view => [view.name, view]))),
    };
    batch.read = read;
    read.views.catch(() => {
      if (batch.read === read) batch.read = undefined;
    });
    return read.views;
  }
}
