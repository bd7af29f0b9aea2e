import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, ValidateIf } from 'class-validator';
import { IsBankAccount, parseBankAccount } from '../identity/index.js';

const givesAccount = (o: PayeeAccountFields) => o.bankName !== undefined || o.bankAccount !== undefined;

/**
 * The bank account a payee (worker, broker, training provider) is paid into: both parts or
 * neither (either one given asks for the other), so no claim is approved against half an account.
 */
export class PayeeAccountFields {
  @ApiPropertyOptional({ example: '中国农业银行示范县支行', description: '开户银行, given with bankAccount' })
  @ValidateIf(givesAccount)
  @IsString()
  @Length(4, 60, { message: '开户银行请填写4至60个字（如“中国农业银行示范县支行”）' })
  bankName?: string;

  @ApiPropertyOptional({ example: '6228 4804 0256 4890 018', description: '8 to 32 digits; spaces allowed' })
  @ValidateIf(givesAccount)
  @IsString()
  @IsBankAccount()
  bankAccount?: string;
}

/** The account as stored: trimmed bank name and the digits only; undefined when the request gave none. */
export function payeeAccountOf(dto: PayeeAccountFields): { bankName: string; bankAccount: string } | undefined {
  if (dto.bankName === undefined || dto.bankAccount === undefined) return undefined;
  const r = parseBankAccount(dto.bankAccount);
  if (!r.ok) throw r.error;
  return { bankName: dto.bankName.trim(), bankAccount: r.account };
}
