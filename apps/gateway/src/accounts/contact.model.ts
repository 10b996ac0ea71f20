import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../graphql/models/page-info.model';
import { UserModel } from './user.model';

@ObjectType('Contact', { description: "An entry of the viewer's uploaded address book." })
export class ContactModel {
  @Field(() => String, { description: 'The number as stored: E.164, normalized like sign-in numbers.' }) phone: string;
  @Field(() => String, { description: 'The name the viewer gave it.' }) name: string;
  @Field(() => UserModel, { nullable: true, description: 'The user with this number, when they let the viewer find them.' })
  user: UserModel | null;
}

@ObjectType('ContactEdge')
export class ContactEdgeModel {
  @Field(() => ContactModel) node: ContactModel;
  @Field(() => String) cursor: string;
}

@ObjectType('ContactConnection')
export class ContactConnectionModel {
  @Field(() => [ContactEdgeModel]) edges: ContactEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

@ObjectType('ImportContactsPayload')
export class ImportContactsPayloadModel {
  @Field(() => Int, { description: 'Distinct numbers stored (new, or with a new name).' }) imported: number;
  @Field(() => Int, { description: 'Entries whose number is not a mobile number (not stored).' }) skipped: number;
  @Field(() => [ContactModel], { description: 'The uploaded entries that are users the viewer may find, by name.' })
  contacts: ContactModel[];
}
