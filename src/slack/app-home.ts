/**
 * `app_home_opened` for the agent messaging experience (`agent_view`): the Home tab gets the newest issues
 * and examples (`views.publish`); the Messages tab gets the suggested prompts (`assistant.threads.
 * setSuggestedPrompts` without `thread_ts`) and a bilingual greeting, once per conversation.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../core';
import { isDirectMessageChannel, type AccessPolicy } from './access-policy';
import { describeError } from './bolt-logger';
import { formatHomeView, type HomeFacts } from './home-view';
import type { SourcePageLink } from './original-passages';
import { RecentKeys } from './recent-keys';
import { SLACK_INTERFACE_TEXT, SUGGESTED_PROMPTS } from './ui-text';

/** Any `D…` id passes the channel check of {@link AccessPolicy.check}. */
const DIRECT_MESSAGE_PREFIX = 'D';

/** What {@link AppHome} needs. */
export interface AppHomeOptions {
  readonly logger: Logger;
  readonly access: AccessPolicy;
  /** The slash command, e.g. `/newsletter`. */
  readonly command: string;
  readonly home: (() => HomeFacts) | undefined;
  readonly sourcePageLink: SourcePageLink;
  readonly hashUser: (user: string | null) => string | null;
  /** Conversations greeted are remembered this long (milliseconds); a restart forgets them. */
  readonly greetingMemoryMilliseconds: number;
  /** Most conversations remembered as greeted (least recently greeted forgotten first). */
  readonly maximumGreetedConversations: number;
}

function stringAt(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/** Handles `app_home_opened` events. */
export class AppHome {
  private readonly greeted: RecentKeys;

  constructor(private readonly options: AppHomeOptions) {
    this.greeted = new RecentKeys({ timeToLiveMilliseconds: options.greetingMemoryMilliseconds, maximumKeys: options.maximumGreetedConversations });
  }

  /**
   * `tab: 'home'` → publishes the Home view for the user; `tab: 'messages'` → suggested prompts and a
   * greeting the first time the conversation is opened (since start). Users not on the allow-list get
   * neither. Web API failures are logged, never thrown.
   */
  async opened(event: unknown, client: webApi.WebClient): Promise<void> {
    const user = stringAt(event, 'user');
    const tab = stringAt(event, 'tab');
    const channel = stringAt(event, 'channel');
    if (user === undefined) return;
    // The app home is the user's direct conversation with the app: only the user allow-list applies.
    if (!this.options.access.check(channel !== undefined && isDirectMessageChannel(channel) ? channel : DIRECT_MESSAGE_PREFIX, user).allowed) {
      this.options.logger.info({ user: this.options.hashUser(user), tab }, 'not showing the app home: not on the allow-list');
      return;
    }
    if (tab === 'home') await this.publishHome(user, client);
    else if (tab === 'messages' && channel !== undefined) await this.greet(channel, user, client);
  }

  private async publishHome(user: string, client: webApi.WebClient): Promise<void> {
    let facts: HomeFacts | null = null;
    try {
      facts = this.options.home?.() ?? null;
    } catch (error) {
      this.options.logger.error({ error: describeError(error) }, 'the home callback failed; publishing the Home tab without issues');
    }
    try {
      await client.views.publish({ user_id: user, view: formatHomeView(facts, this.options.sourcePageLink, this.options.command) });
      this.options.logger.info({ user: this.options.hashUser(user), issues: facts?.issues.length ?? 0 }, 'home tab published');
    } catch (error) {
      this.options.logger.error({ method: 'views.publish', error: describeError(error) }, 'Slack Web API call views.publish failed');
    }
  }

  private async greet(channel: string, user: string, client: webApi.WebClient): Promise<void> {
    if (!this.greeted.claim(channel)) return;
    try {
      await client.assistant.threads.setSuggestedPrompts({
        channel_id: channel,
        title: SLACK_INTERFACE_TEXT.en.suggestedPromptsTitle,
        prompts: SUGGESTED_PROMPTS.map((prompt) => ({ title: prompt.title, message: prompt.message })),
      });
    } catch (error) {
      this.options.logger.error({ channel, method: 'assistant.threads.setSuggestedPrompts', error: describeError(error) }, 'Slack Web API call assistant.threads.setSuggestedPrompts failed');
    }
    try {
      const text = `${SLACK_INTERFACE_TEXT.en.messagesTabGreeting}\n${SLACK_INTERFACE_TEXT.zh.messagesTabGreeting}`;
      await client.chat.postMessage({ channel, text });
      this.options.logger.info({ channel, user: this.options.hashUser(user) }, 'greeted in the Messages tab');
    } catch (error) {
      this.options.logger.error({ channel, method: 'chat.postMessage', error: describeError(error) }, 'Slack Web API call chat.postMessage failed');
    }
  }
}
