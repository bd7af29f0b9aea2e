import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../audit/request-context.js';

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

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.wei', description: 'lower-case letters, digits, . _ -' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{2,39}$/, {
    message: 'must be 3-40 lower-case letters, digits, . _ - starting with a letter',
  })
  username: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 40)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as Role[], { message: `must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  password: string;
}

export class UpdateUserDto {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  displayName?: string;

  @ApiProperty({ required: false, minLength: 10 })
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  password?: string;
}
