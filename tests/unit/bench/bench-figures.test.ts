// The benchmark's own arithmetic: which CPUs a run uses, which deliveries a slice of messages
// makes, and how the interleaved CPU comparison pairs its slices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCpuList } from '../../../bench/src/cpu-pinning.mjs';
import { planScenario } from '../../../bench/src/run-scenario.mjs';
import { summarizeInterleaved } from '../../../bench/src/summarize.mjs';

describe('bench: CPU lists', () => {
  it('reads single CPUs and ranges as taskset prints them', () => {
    assert.deepEqual(parseCpuList('0,2-3\n'), [0, 2, 3]);
    assert.deepEqual(parseCpuList('1'), [1]);
    assert.deepEqual(parseCpuList('0-1'), [0, 1]);
  });
});

describe('bench: scenario plan', () => {
  const scenario = {
    id: 'plan',
    title: 'plan',
    clients: 5,
    channels: 2,
    messages: 3,
    ratePerSecond: 10,
    cpu: { slices: 1, messages: 3 },
  };

  it('counts the deliveries of a slice from the clients on each message’s channel', () => {
    const plan = planScenario(scenario);
    // Clients 0, 2, 4 are on channel 0 and 1, 3 on channel 1; messages go 0, 1, 0, 1, …
    assert.equal(plan.deliveriesOf(0, 3), 3 + 2 + 3);
    assert.equal(plan.deliveriesOf(1, 1), 2);
    assert.equal(plan.expected, plan.deliveriesOf(0, scenario.messages));
  });

  it('gives every run its own key prefix', () => {
    assert.notEqual(planScenario(scenario).keyPrefix, planScenario(scenario).keyPrefix);
  });
});

describe('bench: interleaved CPU summary', () => {
  it('pairs slices by index, skipping slices that lost messages', () => {
    const summary = summarizeInterleaved({
      slices: 4,
      messagesPerSlice: 10,
      samples: { ours: [10, 20, null, 30], les: [20, 10, 5, 30] },
      losses: { ours: 3, les: 0 },
    });
    assert.ok(summary);
    assert.deepEqual(summary.perServer, { ours: 20, les: 15 });
    assert.deepEqual(summary.versus['les'], {
      median: 1,
      lowest: 0.5,
      highest: 2,
      cheaperIn: 1,
      pairs: 3,
    });
    assert.deepEqual(summary.losses, { ours: 3, les: 0 });
  });

  it('has nothing to say about a failed comparison', () => {
    assert.equal(
      summarizeInterleaved({ slices: 2, messagesPerSlice: 1, samples: {}, losses: {}, error: 'x' }),
      null,
    );
    assert.equal(summarizeInterleaved(undefined), null);
  });
});
