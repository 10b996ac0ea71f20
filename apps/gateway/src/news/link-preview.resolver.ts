import { Args, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { NewsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';

@ObjectType('LinkPreview', { description: "A web page's own title and summary, fetched by the server (never by the client) and cached." })
export class LinkPreviewModel {
  @Field(() => String, { description: 'The address as normalized (no fragment).' }) url: string;
  @Field(() => String) title: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) siteName: string | null;
  @Field(() => String, { nullable: true, description: "The page's og:image; on another origin, so a client decides whether to load it." })
  imageUrl: string | null;
}

/** A preview may wait for the page: longer than an ordinary request, bounded by news's own fetch limit. */
const PREVIEW_TIMEOUT_MS = 15_000;

@Resolver(() => LinkPreviewModel)
export class LinkPreviewResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => LinkPreviewModel, {
    nullable: true,
    description:
      "What the page at an http(s) address says about itself (Open Graph, else its title), for a link in a message or post. Null when it has nothing, cannot be reached, or is on a private network (the feed fetcher's address guard).",
  })
  linkPreview(@CurrentViewer() viewer: Viewer, @Args('url', { type: () => String }) url: string) {
    return this.rpc.send(NewsSubjects.LinkPreview, { viewerId: viewer.userId, url }, { timeoutMs: PREVIEW_TIMEOUT_MS });
  }
}
