import { graphql } from '../gql';

export const TransactionFields = graphql(`
  fragment TransactionFields on Transaction {
    id
    kind
    amount
    balanceAfter
    trackingCode
    description
    createdAt
    counterparty {
      id
      displayName
    }
    billPayment {
      id
      type
      billId
      paymentId
    }
  }
`);

export const WalletQuery = graphql(`
  query Wallet($after: String) {
    wallet {
      id
      balance
      currency
      transactions(first: 20, after: $after) {
        edges {
          node {
            ...TransactionFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const WalletLive = graphql(`
  subscription WalletLive {
    walletChanged {
      id
      balance
      transactions(first: 5) {
        edges {
          node {
            ...TransactionFields
          }
        }
      }
    }
  }
`);

export const StartTopUp = graphql(`
  mutation StartTopUp($amount: Money!, $key: String!) {
    startTopUp(amount: $amount, idempotencyKey: $key) {
      id
      amount
      status
      paymentUrl
      createdAt
    }
  }
`);

export const TopUpQuery = graphql(`
  query TopUp($id: ID!) {
    topUp(id: $id) {
      id
      amount
      status
      bankReference
      completedAt
    }
  }
`);

export const TransferMoney = graphql(`
  mutation TransferMoney($input: TransferInput!) {
    transferMoney(input: $input) {
      id
      amount
      note
      trackingCode
      conversationId
      createdAt
      to {
        id
        displayName
      }
    }
  }
`);

export const BillInfoFields = graphql(`
  fragment BillInfoFields on BillInfo {
    billId
    paymentId
    type
    amount
    companyCode
    alreadyPaid
  }
`);

export const InspectBill = graphql(`
  query InspectBill($billId: String!, $paymentId: String!) {
    inspectBill(billId: $billId, paymentId: $paymentId) {
      ...BillInfoFields
    }
  }
`);

export const DecodeBarcode = graphql(`
  query DecodeBarcode($barcode: String!) {
    decodeBillBarcode(barcode: $barcode) {
      ...BillInfoFields
    }
  }
`);

export const PayBill = graphql(`
  mutation PayBill($input: PayBillInput!) {
    payBill(input: $input) {
      id
      billId
      paymentId
      type
      amount
      trackingCode
      paidAt
    }
  }
`);

export const BillPayments = graphql(`
  query BillPayments($after: String) {
    billPayments(first: 20, after: $after) {
      edges {
        node {
          id
          billId
          paymentId
          type
          amount
          trackingCode
          paidAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
