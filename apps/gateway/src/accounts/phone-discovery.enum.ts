import { registerEnumType } from '@nestjs/graphql';

export enum PhoneDiscoveryEnum {
  EVERYONE = 'EVERYONE',
  CONTACTS = 'CONTACTS',
  NOBODY = 'NOBODY',
}
registerEnumType(PhoneDiscoveryEnum, {
  name: 'PhoneDiscovery',
  description: 'Who can find a user by their phone number through importContacts.',
  valuesMap: {
    EVERYONE: { description: 'Anyone who has the number in their address book (the default).' },
    CONTACTS: { description: 'Only people whose number the user has among their own uploaded contacts.' },
    NOBODY: { description: 'No one: the number finds no user.' },
  },
});
