import { graphql } from '../gql';

export const MoneyRequestFields = graphql(`
  fragment MoneyRequestFields on MoneyRequest {
    id
    amount
    note
    status
    createdAt
    closedAt
    requester {
      id
      displayName
    }
    payer {
      id
      displayName
    }
    paidBy {
      id
      displayName
    }
    payment {
      id
      trackingCode
    }
  }
`);

export const BillSplitFields = graphql(`
  fragment BillSplitFields on BillSplit {
    id
    status
    collected
    createdAt
    createdBy {
      id
      displayName
    }
    bill {
      billId
      paymentId
      type
      amount
    }
    shares {
      amount
      paidAt
      user {
        id
        displayName
      }
    }
    billPayment {
      id
      trackingCode
      paidAt
    }
  }
`);

export const RequestMoney = graphql(`
  mutation RequestMoney($input: MoneyRequestInput!) {
    requestMoney(input: $input) {
      ...MoneyRequestFields
    }
  }
`);

export const PayMoneyRequest = graphql(`
  mutation PayMoneyRequest($id: ID!, $key: String!) {
    payMoneyRequest(id: $id, idempotencyKey: $key) {
      ...MoneyRequestFields
    }
  }
`);

export const DeclineMoneyRequest = graphql(`
  mutation DeclineMoneyRequest($id: ID!) {
    declineMoneyRequest(id: $id) {
      ...MoneyRequestFields
    }
  }
`);

export const CancelMoneyRequest = graphql(`
  mutation CancelMoneyRequest($id: ID!) {
    cancelMoneyRequest(id: $id) {
      ...MoneyRequestFields
    }
  }
`);

export const SplitBill = graphql(`
  mutation SplitBill($input: SplitBillInput!) {
    splitBill(input: $input) {
      ...BillSplitFields
    }
  }
`);

export const PayBillShare = graphql(`
  mutation PayBillShare($id: ID!, $key: String!) {
    payBillShare(splitId: $id, idempotencyKey: $key) {
      ...BillSplitFields
    }
  }
`);

export const CancelBillSplit = graphql(`
  mutation CancelBillSplit($id: ID!) {
    cancelBillSplit(id: $id) {
      ...BillSplitFields
    }
  }
`);
