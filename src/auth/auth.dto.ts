import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../common/request-context.js';

export class LoginDto {
  @ApiProperty({ example: 'caseworker' })
  @IsString()
  @Length(1, 40)
  username: string;

  @ApiProperty({ example: 'the password printed by npm start' })
  @IsString()
  @Length(1, 200)
  password: string;
}

/** 姓名 as staff write it: Han characters, a minority name's parts joined by a middle dot. */
const PERSON_NAME = /^(?=.{2,20}$)[\u4e00-\u9fff]+(?:·[\u4e00-\u9fff]+)*$/;
const PERSON_NAME_MESSAGE = '姓名须为2至20个汉字（少数民族姓名可用“·”分隔），不能填写登录名或字母';
const OFFICE_PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const OFFICE_PHONE_MESSAGE = '办公电话须为手机号或带区号的固定电话（如 0458-5612345）';

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.wei', description: 'lower-case letters, digits, . _ -' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{2,39}$/, {
    message: '登录名须为3至40个小写字母、数字或 . _ -，以字母开头',
  })
  username: string;

  @ApiProperty({ example: '张伟', description: '姓名, shown on pages and letters instead of the login' })
  @IsString()
  @Matches(PERSON_NAME, { message: PERSON_NAME_MESSAGE })
  displayName: string;

  @ApiPropertyOptional({
    example: '0458-5612345',
    description: '办公电话, printed on the letters the user is the contact of',
  })
  @IsOptional()
  @IsString()
  @Matches(OFFICE_PHONE, { message: OFFICE_PHONE_MESSAGE })
  officePhone?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as Role[], { message: '请从列表中选择角色' })
  role: Role;

  @ApiPropertyOptional({
    minLength: 10,
    description: 'omitted: the system makes a temporary password, returned once as temporaryPassword',
  })
  @IsOptional()
  @IsString()
  @MinLength(10, { message: '密码至少10个字符' })
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ description: "the office (GET /offices) the user works in; default the admin's own" })
  @IsOptional()
  @IsInt({ message: '请选择所在机构' })
  @Min(1, { message: '请选择所在机构' })
  @Max(2147483647, { message: '请选择所在机构' })
  officeId?: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'false deactivates (and revokes their tokens), true reactivates' })
  @IsOptional()
  @IsBoolean({ message: '请选择在用或停用' })
  active?: boolean;

  @ApiPropertyOptional({
    enum: ROLES,
    description: 'change the role; the last admin of a county or the city keeps theirs',
  })
  @IsOptional()
  @IsIn(ROLES as Role[], { message: '请从列表中选择角色' })
  role?: Role;

  @ApiPropertyOptional({ description: '姓名' })
  @IsOptional()
  @IsString()
  @Matches(PERSON_NAME, { message: PERSON_NAME_MESSAGE })
  displayName?: string;

  @ApiPropertyOptional({ description: '办公电话; null removes it', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(OFFICE_PHONE, { message: OFFICE_PHONE_MESSAGE })
  officePhone?: string | null;

  @ApiProperty({ required: false, minLength: 10 })
  @IsOptional()
  @IsString()
  @MinLength(10, { message: '密码至少10个字符' })
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ description: 'move the user to another office you manage (GET /offices)' })
  @IsOptional()
  @IsInt({ message: '请选择所在机构' })
  @Min(1, { message: '请选择所在机构' })
  @Max(2147483647, { message: '请选择所在机构' })
  officeId?: number;
}
