import { SetMetadata } from '@nestjs/common';

export const ACTIVITIES_METADATA = 'labour-export:activities';

/**
 * Marks a Nest provider whose public methods are Temporal activities (helpers must be
 * `#private`: TypeScript's `private` is still on the prototype). The worker binds
 * every such method by its name; two with one name are refused at start.
 */
export const Activities = (): ClassDecorator => SetMetadata(ACTIVITIES_METADATA, true);
