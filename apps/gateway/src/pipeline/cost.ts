import {
  ArgumentNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isLeafType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

/** The limits an operation's cost is held to (see GatewayEnv: MAX_QUERY_COST, MAX_QUERY_FIELDS, MAX_QUERY_ALIASES). */
export interface CostLimits {
  maxCost: number;
  maxFields: number;
  maxAliases: number;
}

/** What one operation would cost, or why it is refused. */
export type Cost = { cost: number; fields: number; aliases: number } | { tooComplex: string };

/** A root field: a NATS round trip of its own. */
export const ROOT_FIELD_COST = 10;
/**
 * Nested fields that reach a service, per parent: those that send their own
 * NATS request cost a root field's; those loaded through the per-operation
 * loaders (one batched request for all parents) a share of it. A field's
 * `complexity` extension (NestJS's `@Field({ complexity })`) takes precedence.
 * (Every field of the built schema has a resolve function, so which ones call
 * out cannot be read from the schema itself.)
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Wallet.transactions': 10,
  'Channel.posts': 10,
  'Channel.feedSources': 10,
  'Conversation.members': 10,
  'Conversation.title': 2,
  'Conversation.lastMessage': 2,
  'Conversation.pinnedMessage': 2,
  'Member.user': 2,
  'Message.sender': 2,
  'Message.replyTo': 2,
  'Message.forwardedFrom': 2,
  'Message.post': 2,
  'Message.payment': 2,
  'Message.billPayment': 2,
  'Message.entities': 2,
  'MessageEntity.user': 2,
  'Conversation.unreadMentionCount': 2,
  'Conversation.unreadMentionSeqs': 2,
  'InviteLink.creator': 2,
  'JoinRequest.user': 2,
  'Post.channel': 2,
  'TypingEvent.user': 2,
  'Transaction.counterparty': 2,
  'PaymentTransfer.from': 2,
  'PaymentTransfer.to': 2,
};
/** An object field resolved from what its parent already holds. */
export const OBJECT_FIELD_COST = 1;
/** Items assumed of a list without a page size (members, reactions). */
export const DEFAULT_LIST_SIZE = 10;
/** A page asked for with no size and no default (a service's own default page, at most). */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest page a service gives (the contract's page size), so a bigger `first` costs no more than it gets. */
export const MAX_PAGE_SIZE = 100;
const PAGE_ARGUMENTS = new Set(['first', 'last', 'limit']);

class TooComplex extends Error {}

/**
 * What a document holds as written (fragments not expanded), checked right
 * after parsing and before graphql-js validates it: validation compares
 * same-named fields pairwise (OverlappingFieldsCanBeMerged), so ten thousand
 * `me` fields cost ~0.5 s of CPU before any limit could see them. Null when
 * within the limits, else why not.
 */
export function documentTooComplex(document: DocumentNode, limits: { maxAliases: number; maxDocumentFields: number }): string | null {
  let fields = 0;
  let aliases = 0;
  const count = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        fields++;
        if (selection.alias) aliases++;
        if (selection.selectionSet) count(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) count(selection.selectionSet);
    }
  };
  for (const def of document.definitions) if ('selectionSet' in def && def.selectionSet) count(def.selectionSet);
  if (aliases > limits.maxAliases) return `The operation has more than ${limits.maxAliases} aliases`;
  if (fields > limits.maxDocumentFields) return `The document has more than ${limits.maxDocumentFields} fields`;
  return null;
}

/**
 * The cost of an operation before it runs, from its document and this run's
 * variables (page sizes often come in variables, so this cannot be a cached
 * validation rule). Fragments are expanded, so each field is counted as often
 * as it would run; a field inside a page of `first: n` counts n times, a
 * field inside any other list DEFAULT_LIST_SIZE times. A root field costs
 * ROOT_FIELD_COST, a nested field that reaches a service its FIELD_COSTS,
 * other object fields 1, scalars nothing (but count toward maxFields). The walk stops as soon as a limit is
 * passed, so a fragment bomb costs the gateway no more than the limit.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
  limits: CostLimits,
): Cost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const root = schema.getRootType(operation.operation);
  const tally = { cost: 0, fields: 0, aliases: 0 };
  const vars = variables ?? {};

  const visit = (set: SelectionSetNode, parent: GraphQLNamedType | undefined | null, times: number, paged: boolean): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) field(selection, parent, times, paged);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        visit(selection.selectionSet, type, times, paged);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), times, paged);
      }
    }
  };

  const field = (node: FieldNode, parent: GraphQLNamedType | undefined | null, times: number, paged: boolean): void => {
    tally.fields += times;
    if (node.alias) tally.aliases += times;
    if (tally.fields > limits.maxFields) throw new TooComplex(`has more than ${limits.maxFields} fields`);
    if (tally.aliases > limits.maxAliases) throw new TooComplex(`has more than ${limits.maxAliases} aliases`);
    const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    // Meta fields (__typename, introspection) and unknown ones (refused by validation already) cost a field each.
    if (!def) return;
    const own = fieldCost(parent!.name, def, parent === root);
    tally.cost += own * times;
    if (tally.cost > limits.maxCost) throw new TooComplex(`costs more than ${limits.maxCost}`);
    if (!node.selectionSet) return;
    const page = pageSize(def, node.arguments ?? [], vars);
    const list = returnsList(def) ? (paged ? 1 : (listLength(node.arguments ?? [], vars) ?? DEFAULT_LIST_SIZE)) : 1;
    visit(node.selectionSet, getNamedType(def.type), times * (page ?? list), page !== undefined);
  };

  try {
    visit(operation.selectionSet, root, 1, false);
    return tally;
  } catch (err) {
    if (err instanceof TooComplex) return { tooComplex: `The operation ${err.message}` };
    throw err;
  }
}

function fieldCost(parent: string, def: GraphQLField<unknown, unknown>, atRoot: boolean): number {
  const declared = def.extensions?.complexity;
  if (typeof declared === 'number') return declared;
  if (atRoot) return ROOT_FIELD_COST;
  return FIELD_COSTS[`${parent}.${def.name}`] ?? (isLeafType(getNamedType(def.type)) ? 0 : OBJECT_FIELD_COST);
}

function returnsList(def: GraphQLField<unknown, unknown>): boolean {
  return isListType(isNonNullType(def.type) ? def.type.ofType : def.type);
}

/**
 * The page size a field is asked for, within 1..MAX_PAGE_SIZE: the largest of
 * its page arguments given as numbers, else of their defaults, else what a
 * service gives by default; undefined for a field that takes none.
 */
function pageSize(def: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[], vars: Record<string, unknown>): number | undefined {
  const paging = def.args.filter((a) => PAGE_ARGUMENTS.has(a.name));
  if (!paging.length) return undefined;
  const given = paging.map((a) => args.find((n) => n.name.value === a.name)).map((n) => (n ? valueOf(n.value, vars) : undefined));
  const numbers = given.filter((v): v is number => typeof v === 'number');
  const defaults = paging.map((a) => a.defaultValue).filter((v): v is number => typeof v === 'number');
  const n = numbers.length ? Math.max(...numbers) : defaults.length ? Math.max(...defaults) : DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, n));
}

/** A list field given a list argument (viewPosts(postIds)) returns about as many items. */
function listLength(args: readonly ArgumentNode[], vars: Record<string, unknown>): number | undefined {
  for (const arg of args) {
    const value = valueOf(arg.value, vars);
    if (Array.isArray(value)) return Math.max(1, value.length);
  }
  return undefined;
}

function valueOf(node: ValueNode, vars: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return vars[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values;
  return undefined;
}
