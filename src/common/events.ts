import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { withFullReach } from './request-context.js';

/**
 * What one context tells the others, without importing them: the lower context announces, the
 * higher one listens. Each context declares its own events by merging into this interface, e.g.
 *
 *     declare module '../common/events.js' {
 *       interface DomainEvents { 'placement.ended': { placementId: number; endDate: string } }
 *     }
 *
 * so the event's name and payload are typed at both ends.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type EventName = keyof DomainEvents;

/**
 * Listeners run one after another, in the order they were registered, inside the emitter's
 * transaction when it gives its EntityManager: what a listener writes commits or rolls back with
 * what the emitter wrote, and a listener's error fails the emitter's request.
 */
export type Listener<K extends EventName> = (event: DomainEvents[K], m: EntityManager) => Promise<void>;

@Injectable()
export class DomainEventBus {
  private readonly listeners = new Map<EventName, Listener<EventName>[]>();

  on<K extends EventName>(name: K, listener: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as unknown as Listener<EventName>);
    this.listeners.set(name, list);
  }

  /** Listeners react for the system, so they reach every record whoever caused the event. */
  async emit<K extends EventName>(name: K, event: DomainEvents[K], m: EntityManager): Promise<void> {
    for (const listener of this.listeners.get(name) ?? []) await withFullReach(() => listener(event, m));
  }
}
