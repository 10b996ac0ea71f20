import { graphql } from '../gql';

export const BankAccountFields = graphql(`
  fragment BankAccountFields on BankAccount {
    id
    iban
    bankName
    bankColor
    ownerName
  }
`);

export const PayoutFields = graphql(`
  fragment PayoutFields on Payout {
    id
    amount
    fee
    status
    cancellable
    trackingCode
    bankReference
    failureReason
    createdAt
    completedAt
    bankAccount {
      ...BankAccountFields
    }
  }
`);

export const PayoutsQuery = graphql(`
  query Payouts {
    bankAccounts {
      ...BankAccountFields
    }
    payouts(first: 20) {
      edges {
        node {
          ...PayoutFields
        }
      }
    }
  }
`);

export const IbanInfoQuery = graphql(`
  query IbanInfo($iban: String!) {
    ibanInfo(iban: $iban) {
      iban
      bankName
      bankColor
    }
  }
`);

export const PayoutQuoteQuery = graphql(`
  query PayoutQuote($amount: Money!) {
    payoutQuote(amount: $amount) {
      amount
      fee
      total
      dailyRemaining
    }
  }
`);

export const AddBankAccount = graphql(`
  mutation AddBankAccount($iban: String!) {
    addBankAccount(iban: $iban) {
      ...BankAccountFields
    }
  }
`);

export const RemoveBankAccount = graphql(`
  mutation RemoveBankAccount($id: ID!) {
    removeBankAccount(id: $id)
  }
`);

export const RequestPayout = graphql(`
  mutation RequestPayout($input: PayoutInput!) {
    requestPayout(input: $input) {
      ...PayoutFields
    }
  }
`);

export const CancelPayout = graphql(`
  mutation CancelPayout($id: ID!) {
    cancelPayout(id: $id) {
      ...PayoutFields
    }
  }
`);

export const PayoutLive = graphql(`
  subscription PayoutLive {
    payoutChanged {
      ...PayoutFields
    }
  }
`);
